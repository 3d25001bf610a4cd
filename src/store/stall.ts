/**
 * A build must never hang silently. A stage that makes no progress for `stallMs` fails with a clear
 * message; the caller's `finally` then releases the build lock, and since nothing was committed the
 * previous index stays current. (A native call cannot be cancelled: the CLI exits after the error.)
 */
export class BuildStalledError extends Error {
  constructor(stage: string, seconds: number) {
    super(
      `The build made no progress for ${seconds} s in the stage "${stage}" and was stopped; the previous index is unchanged. ` +
        'Run the ingest again; if it stalls again, report it with this message.',
    );
    this.name = 'BuildStalledError';
  }
}

export interface StallGuard {
  /** Runs one stage; it fails when the stage neither ends nor reports progress for the guard's time. */
  stage<T>(name: string, run: (progress: () => void) => Promise<T>): Promise<T>;
}

export function stallGuard(stallMs: number): StallGuard {
  return {
    stage(name, run) {
      return new Promise((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined;
        const arm = () => {
          clearTimeout(timer);
          timer = setTimeout(() => reject(new BuildStalledError(name, Math.round(stallMs / 1000))), stallMs);
        };
        arm();
        run(arm).then(
          (value) => {
            clearTimeout(timer);
            resolve(value);
          },
          (err: unknown) => {
            clearTimeout(timer);
            reject(err instanceof Error ? err : new Error(String(err)));
          },
        );
      });
    },
  };
}

/** No time limit (library callers that do their own supervision). */
export const noStallGuard: StallGuard = { stage: (_name, run) => run(() => undefined) };
