import { describe, expect, it } from "vitest";
import { ModelInputError, parseKubernetesQuantity } from "../../src/index.js";

// Values from the Kubernetes quantity reference
// (kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/): decimal suffixes
// are powers of 1000 (m = 10⁻³), binary suffixes powers of 1024.
describe("parseKubernetesQuantity", () => {
  it.each([
    ["500m", 0.5],
    ["100m", 0.1],
    ["1", 1],
    ["1.5", 1.5],
    ["0.25", 0.25],
    ["2500m", 2.5],
    ["512Mi", 536870912],
    ["1Gi", 1073741824],
    ["1.5Gi", 1610612736],
    ["500M", 5e8],
    ["1G", 1e9],
    ["128974848", 128974848],
    ["129e6", 129e6],
    ["123Ki", 125952],
    ["1k", 1000],
  ])("%s is %d", (text, value) => {
    expect(parseKubernetesQuantity(text)).toBe(value);
  });

  it("is exact where a product of floats is not: 0.3 cores written as 300m", () => {
    expect(parseKubernetesQuantity("300m")).toBe(0.3);
    expect(parseKubernetesQuantity("0.1Gi")).toBe(Math.round(0.1 * 2 ** 30 * 10) / 10);
  });

  it.each(["", "abc", "-1", "1.2.3", "5 Mi", "1mi", "12Q", "Mi"])(
    "refuses %j, naming it",
    (text) => {
      expect(() => parseKubernetesQuantity(text, "limits.memory")).toThrow(ModelInputError);
      expect(() => parseKubernetesQuantity(text, "limits.memory")).toThrow(
        new RegExp(
          `\`limits.memory\` must be a Kubernetes quantity.*\\(got ${JSON.stringify(text).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\)`,
        ),
      );
    },
  );
});
