// Converters between the units people say and the SI units the models take.

/**
 * Milliseconds to seconds.
 * @example
 * ```ts
 * ms(250); // => 0.25
 * ```
 */
export function ms(milliseconds: number): number {
  return milliseconds / 1000;
}

/**
 * Microseconds to seconds.
 * @example
 * ```ts
 * us(1500); // => 0.0015
 * ```
 */
export function us(microseconds: number): number {
  return microseconds / 1e6;
}

/**
 * Seconds to milliseconds (for labels and tables meant for people).
 * @example
 * ```ts
 * toMs(0.0425); // => 42.5
 * ```
 */
export function toMs(seconds: number): number {
  return seconds * 1000;
}

/**
 * Kibibytes (1024 bytes) to bytes.
 * @example
 * ```ts
 * KiB(4); // => 4096
 * ```
 */
export function KiB(kibibytes: number): number {
  return kibibytes * 1024;
}

/**
 * Mebibytes (1024² bytes) to bytes.
 * @example
 * ```ts
 * MiB(512); // => 536870912
 * ```
 */
export function MiB(mebibytes: number): number {
  return mebibytes * 1024 ** 2;
}

/**
 * Gibibytes (1024³ bytes) to bytes.
 * @example
 * ```ts
 * GiB(2); // => 2147483648
 * ```
 */
export function GiB(gibibytes: number): number {
  return gibibytes * 1024 ** 3;
}

// Divisors rather than factors: 400 / 1e6 is the double nearest 0.0004, 400 × 1e-6 is not.
const PER_SECOND: Record<string, number> = { "": 1, s: 1, ms: 1e3, us: 1e6, µs: 1e6 };

/**
 * A time with an optional unit, in seconds: `"0.02"`, `"20ms"`, `"1.5s"`, `"250us"`.
 * @returns The seconds, or `undefined` when the text is not such a time.
 * @example
 * ```ts
 * parseSeconds("20ms"); // => 0.02
 * ```
 */
export function parseSeconds(text: string): number | undefined {
  const m = /^\s*([-+0-9.eE]+)\s*(s|ms|us|µs)?\s*$/.exec(text);
  const perSecond = PER_SECOND[m?.[2] ?? ""];
  const value = m ? Number(m[1]) : Number.NaN;
  return perSecond === undefined || Number.isNaN(value) ? undefined : value / perSecond;
}

const BYTE_UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
};

/**
 * A size with an optional unit, in bytes: `"4GiB"`, `"512MiB"`, `"2GB"`, `"1048576"`.
 * @returns The bytes, or `undefined` when the text is not such a size.
 * @example
 * ```ts
 * parseBytes("512MiB"); // => 536870912
 * ```
 */
export function parseBytes(text: string): number | undefined {
  const m = /^\s*([-+0-9.eE]+)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = BYTE_UNITS[(m?.[2] ?? "").toLowerCase()];
  const value = m ? Number(m[1]) : Number.NaN;
  return unit === undefined || Number.isNaN(value) ? undefined : value * unit;
}
