// The CLI's own error and exit codes, kept free of imports: the entry (main.ts) needs them to
// report a failure, and `tuopin --help` must not load any command's code to get them.

/** Exit code when the change log is broken (1: could not verify at all, 2: roster refused). */
export const AUDIT_BROKEN_EXIT = 3;

/** Exit code when a roster is refused (nothing imported, error report written). */
export const IMPORT_REFUSED_EXIT = 2;

export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
    readonly details: string | null = null,
  ) {
    super(message);
  }
}
