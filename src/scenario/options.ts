// The knobs of one scenario run (seed, workers, files, a mutation), shared by the definition
// and the context a scenario's hooks get.

export interface ScenarioOptions {
  /** Seed for every random choice: fault decisions, which worker crashes, workload order. */
  seed: number;
  workers: number;
  files: number;
  /**
   * One deliberate flaw to switch on (see the scenario's `mutations`), to show that its
   * invariants can fail: e.g. ack-first workers instead of the claim flow.
   */
  mutation?: string;
}
