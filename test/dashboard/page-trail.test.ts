// The trail behind "51–100 of 330" and Previous on keyset-paged lists: walked forward
// page by page and back again through the parameters the links carry.
import { describe, expect, it } from "vitest";
import { nextPage, positionText, previousPage, readTrail, type PageParams } from "@/lib/dashboard/page-trail";

/** What a page reads back from the link that led to it. */
const arrive = (params: PageParams) => readTrail({ ...params }, params.cursor);
const none = { cursor: undefined, page: undefined, back: undefined };

describe("page trail", () => {
  it("walks forward three pages and back to the first, saying where it is at each", async () => {
    const cursors = ["c2", "c3", "c4"];
    const visited: PageParams[] = [none];
    for (const next of cursors) {
      const here = visited.at(-1)!;
      visited.push(nextPage(arrive(here), here.cursor, next));
    }
    expect(visited.at(-1)).toEqual({ cursor: "c4", page: "4", back: "c2~c3" });
    expect(positionText(arrive(visited.at(-1)!), 50, 30, 180)).toBe("151–180 of 180");

    const back: PageParams[] = [visited.at(-1)!];
    for (let previous = previousPage(arrive(back.at(-1)!)); previous; previous = previousPage(arrive(previous))) back.push(previous);
    expect(back).toEqual([...visited].reverse());
    expect(positionText(arrive(back.at(-1)!), 50, 50, 180)).toBe("1–50 of 180");
    expect(positionText(arrive(back[2]!), 50, 50)).toBe("51–100");
  });

  it("shows no position and no Previous for a link without a consistent trail, and still pages on", async () => {
    for (const params of [{ cursor: "c9" } as const, { cursor: "c9", page: "5", back: "c2" }, { cursor: "c9", page: "3", back: "a~~b" }, { cursor: "c9", page: "x" }]) {
      const trail = readTrail(params, params.cursor);
      expect(trail).toBeNull();
      expect(previousPage(trail)).toBeNull();
      expect(positionText(trail, 50, 50, 500)).toBeNull();
      expect(nextPage(trail, "c9", "c10")).toEqual({ ...none, cursor: "c10" });
    }
  });

  it("drops a trail grown past its limit instead of making the link unusable", async () => {
    const long = Array.from({ length: 400 }, (_, i) => `${"x".repeat(40)}${i}`);
    const trail = { page: long.length + 2, back: long };
    const next = nextPage(trail, "here", "there");
    expect(next).toEqual({ cursor: "there", page: String(long.length + 3), back: undefined });
    expect(readTrail({ ...next }, next.cursor)).toBeNull();
  });
});
