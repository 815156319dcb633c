/** An `Io` that keeps what a command writes (tests of long-running commands). */
import type { Io } from '../../src/cli/io.js';

export class MemoryIo implements Io {
  stdout = '';
  stderr = '';
  isTTY = false;
  out(t: string): void {
    this.stdout += t;
  }
  err(t: string): void {
    this.stderr += t;
  }
  stdin(): string {
    return '';
  }
}
