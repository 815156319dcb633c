/**
 * The one error type of the data layer for problems with data files: missing,
 * truncated, corrupt, inconsistent, or failing a checksum. Its message says what
 * is wrong and how to get good data; `code` lets a caller (the CLI) react.
 *
 * Pure module: no Node imports.
 */

/** What went wrong with a data file. */
export type DataErrorCode =
  | 'not-found'
  | 'truncated'
  | 'corrupt'
  | 'mismatch'
  | 'checksum'
  | 'download';

export class DataError extends Error {
  readonly code: DataErrorCode;
  /** The file or directory concerned, when there is one. */
  readonly path: string | undefined;

  constructor(code: DataErrorCode, message: string, path?: string) {
    super(message);
    this.name = 'DataError';
    this.code = code;
    this.path = path;
  }
}

/** The sentence every data error ends with: how to get the files. */
export function howToGetData(name = 'mnist'): string {
  const fashion =
    name === 'fashion-mnist'
      ? ' On Debian/Ubuntu, `apt-get install dataset-fashion-mnist` puts the files in /usr/share/datasets/fashion-mnist.'
      : '';
  const known = name === 'mnist' || name === 'fashion-mnist' ? name : 'mnist|fashion-mnist';
  return (
    `Download the four files with \`optlab data fetch ${known} --dir DIR\` and pass that directory ` +
    `(train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, ` +
    `t10k-labels-idx1-ubyte.gz; gzip or not).${fashion}`
  );
}
