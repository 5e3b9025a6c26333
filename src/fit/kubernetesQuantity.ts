import { ModelInputError } from "../errors.js";

// Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource): a decimal number and a
// suffix, binary (Ki Mi Gi Ti Pi Ei: powers of 1024) or decimal (m k M G T P E: powers of 1000),
// or an exponent (1e3). Parsed exactly: the digits are scaled as integers, so `500m` is 0.5.

const BINARY: Record<string, bigint> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};
const DECIMAL: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  "": 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

/**
 * A Kubernetes quantity as a number: `"500m"` → 0.5, `"1.5"` → 1.5, `"512Mi"` → 536870912,
 * `"1G"` → 1e9, `"1e3"` → 1000. `Mi`, `Gi`… are powers of 1024; `k`, `M`, `G`… of 1000; `m` is a
 * thousandth. Exact: the value is the double nearest the quantity.
 *
 * @param text - The quantity as written in a manifest (`resources.limits.cpu: 500m`).
 * @param field - What the text is, for errors. @defaultValue "quantity"
 * @returns The number: cores for CPU, bytes for memory.
 * @throws {@link ModelInputError} naming the text when it is not a quantity.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 * @example
 * ```ts
 * parseKubernetesQuantity("500m"); // => 0.5
 * parseKubernetesQuantity("512Mi"); // => 536870912
 * parseKubernetesQuantity("1G"); // => 1000000000
 * ```
 */
export function parseKubernetesQuantity(text: string, field = "quantity"): number {
  const m =
    typeof text === "string"
      ? /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/.exec(
          text.trim(),
        )
      : null;
  if (m === null || m[1] === "-") {
    throw new ModelInputError(
      "parseKubernetesQuantity",
      field,
      text,
      "a Kubernetes quantity such as 500m, 1.5, 512Mi or 1G (a number >= 0 with an optional suffix n u m k M G T P E Ki Mi Gi Ti Pi Ei)",
    );
  }
  const [whole = "", fraction = ""] = (m[2] ?? "").split(".");
  const digits = BigInt(`${whole}${fraction}` || "0");
  const suffix = m[3] ?? "";
  const binary = BINARY[suffix];
  // digits × 10^(exponent − fraction digits) × (binary factor): one rounding, in Number().
  const exponent = (m[4] !== undefined ? Number(m[4]) : (DECIMAL[suffix] ?? 0)) - fraction.length;
  const scaled = binary === undefined ? digits : digits * binary;
  return exponent >= 0
    ? Number(scaled * 10n ** BigInt(exponent))
    : divide(scaled, 10n ** BigInt(-exponent));
}

/** a ÷ b as the double nearest the exact quotient, for big integers a ≥ 0, b > 0. */
function divide(a: bigint, b: bigint): number {
  const q = Number(a / b);
  const r = a % b;
  if (r === 0n) return q;
  // Small enough: both exact as doubles, one rounding in the division.
  if (a < 2n ** 53n && b < 2n ** 53n) return Number(a) / Number(b);
  return q + Number((r * 10n ** 17n) / b) / 1e17;
}
