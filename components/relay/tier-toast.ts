import { showToast, signInAction, type ToastContent } from "../toast";
import { relayApi, type TierAnswer } from "./relay-api";

const short = (pubkey: string) => `${pubkey.slice(0, 8)}…`;

/**
 * A tier change's result with Undo for 8 s: the previous tier and note come back, only
 * while the tier is still the one just set (someone's later change is never overwritten).
 */
export function tierToast(change: TierAnswer, refresh: () => void, undoReason?: string): ToastContent {
  const { pubkey, tier, from, previous_note } = change;
  return {
    tone: "success",
    text: tier === "blocked" ? `Banned ${short(pubkey)} (was ${from}).` : `Set ${short(pubkey)} to ${tier} (was ${from}).`,
    duration: 8000,
    actions: [
      {
        label: "Undo",
        testId: "toast-undo",
        onClick: async () => {
          const reason = undoReason ?? (tier === "blocked" ? "undo right after banning" : `undo right after setting ${tier}`);
          const answer = await relayApi.setTier(pubkey, from, previous_note ?? undefined, { ifTier: tier, reason });
          showToast(
            answer.ok
              ? { tone: "success", text: `${short(pubkey)} is ${from} again.`, duration: 5000 }
              : { tone: "error", text: answer.message, actions: answer.signIn ? [signInAction()] : undefined },
          );
          refresh();
        },
      },
    ],
  };
}
