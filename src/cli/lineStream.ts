import { createReadStream, openSync, readSync, closeSync } from "node:fs";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { UsageError } from "./args.js";
import { regularFile } from "./files.js";

/**
 * The lines of a text file, streamed (any size, bounded memory), gunzipped when the file is
 * gzip (logrotate's `access.log.2.gz`). A file that cannot be read, is not a regular file, or is
 * a truncated gzip is a one-line {@link UsageError} naming it.
 */
export async function* fileLines(path: string): AsyncGenerator<string> {
  regularFile(path);
  const magic = Buffer.alloc(2);
  const fd = openSync(path, "r");
  readSync(fd, magic, 0, 2, 0);
  closeSync(fd);
  const file = createReadStream(path);
  const gzip = magic[0] === 0x1f && magic[1] === 0x8b;
  const input = gzip ? file.pipe(createGunzip()) : file;
  let failure: Error | undefined;
  const fail = (e: Error) => {
    failure = e;
    input.destroy();
  };
  file.on("error", fail);
  input.on("error", fail);
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line.includes("\0")) {
        throw new UsageError(`cannot read ${path}: binary content (a NUL byte)`);
      }
      yield line;
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    failure = e as Error;
  } finally {
    lines.close();
    file.destroy();
  }
  if (failure) {
    throw new UsageError(
      `cannot read ${path}: ${gzip ? "gzip: " : ""}${failure.message.split("\n")[0]}`,
    );
  }
}
