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
