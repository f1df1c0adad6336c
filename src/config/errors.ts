// Configuration problems: always name the variable or flag and say what to do about it.

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    /** The environment variable or flag at fault. */
    readonly variable?: string,
  ) {
    super(message);
  }
}
