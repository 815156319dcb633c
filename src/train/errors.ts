/**
 * The training layer's error for a run that cannot go on: the loss or a
 * gradient component is not finite, or the divergence guard tripped. Its
 * message names the step and what went wrong; `step` and `epoch` let a caller
 * react. A file of its own (no imports), so that the CLI can tell it apart
 * without loading the training loop.
 */
export class TrainingError extends Error {
  override name = 'TrainingError';
  constructor(
    message: string,
    readonly step: number,
    readonly epoch: number,
  ) {
    super(message);
  }
}
