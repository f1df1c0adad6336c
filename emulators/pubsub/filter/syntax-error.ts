// Every rejected filter becomes the kit's one domain error, so the gRPC and REST edges answer
// INVALID_ARGUMENT without knowing anything about the filter language.
import { DevkitError } from '../../common/index.ts';

/** An INVALID_ARGUMENT error for a bad filter; `index` is the 0-based offset of the problem. */
export function filterSyntaxError(problem: string, index?: number): DevkitError {
  const where = index === undefined ? '' : ` at column ${index + 1}`;
  return new DevkitError('INVALID_ARGUMENT', `invalid filter${where}: ${problem}`);
}
