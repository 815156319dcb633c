/**
 * The engine in a Web Worker: every computation of the lab runs here, on
 * `optlab/core` with its WebAssembly backend, so the page stays responsive.
 *
 * Protocol: the page posts `{id, type, args}`; the worker answers with any
 * number of `{id, event}` messages, then `{id, result}` or `{id, error}`.
 */
import { type ActivationsRequest, activations } from './engine/activations.js';
import { type CurvatureRequest, runCurvature } from './engine/curvature.js';
import { type RaceRequest, race, surface } from './engine/race.js';
import { runTraining, type TrainRequest } from './engine/training.js';
import type { ProblemId } from './problems.js';

export type WorkerRequest =
  | { id: number; type: 'race'; args: RaceRequest }
  | {
      id: number;
      type: 'surface';
      args: {
        problem: ProblemId;
        x: [number, number];
        y: [number, number];
        nx: number;
        ny: number;
      };
    }
  | { id: number; type: 'train'; args: TrainRequest }
  | { id: number; type: 'activations'; args: ActivationsRequest }
  | { id: number; type: 'curvature'; args: CurvatureRequest };

const scope = self as unknown as {
  postMessage(m: unknown, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
};

async function handle(m: WorkerRequest): Promise<unknown> {
  const event = (e: unknown) => scope.postMessage({ id: m.id, event: e });
  switch (m.type) {
    case 'race':
      return race(m.args);
    case 'surface': {
      const a = m.args;
      return surface(a.problem, a.x, a.y, a.nx, a.ny);
    }
    case 'train':
      return runTraining(m.args, event);
    case 'activations':
      return activations(m.args);
    case 'curvature':
      return runCurvature(m.args, event);
  }
}

scope.onmessage = (e) => {
  const m = e.data;
  handle(m).then(
    (result) => scope.postMessage({ id: m.id, result }),
    (err: unknown) =>
      scope.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) }),
  );
};
