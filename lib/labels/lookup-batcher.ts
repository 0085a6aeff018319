/**
 * Runs look-ups at most `maxInFlight` statements at a time; look-ups that arrive while
 * those run wait, and go together in the next statement (at most `maxBatch` each). An
 * idle database sees every look-up at once, alone; a busy one sees fewer, larger
 * statements instead of a queue of small ones (decision 007).
 */
export class LookupBatcher<Input, Output> {
  private waiting: { input: Input; resolve: (output: Output) => void; reject: (error: unknown) => void }[] = [];
  private inFlight = 0;

  constructor(
    /** Answers a batch: one output per input, in input order. */
    private readonly run: (inputs: Input[]) => Promise<Output[]>,
    private readonly maxInFlight: number,
    private readonly maxBatch = 100,
  ) {}

  lookup(input: Input): Promise<Output> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      this.inFlight++;
      this.run(batch.map((entry) => entry.input))
        .then(
          (outputs) => batch.forEach((entry, i) => entry.resolve(outputs[i]!)),
          (error: unknown) => batch.forEach((entry) => entry.reject(error)),
        )
        .finally(() => {
          this.inFlight--;
          this.pump();
        });
    }
  }
}
