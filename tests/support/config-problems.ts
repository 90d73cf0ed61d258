// What the config parser says about a raw stack config: its problem lines, or none when it accepts the config.
import { strict as assert } from "assert";
import { ConfigError, parseStackConfig, ParseOptions } from "../../model/config/parse";

/** The problem lines of `raw` as `stack`, in order; [] when the config is accepted. Anything but a ConfigError is thrown. */
export function configProblems(raw: Readonly<Record<string, string>>, stack = "dev", options: ParseOptions = {}): string[] {
    try {
        parseStackConfig(raw, stack, options);
    } catch (err) {
        if (err instanceof ConfigError) return [...err.problems];
        throw err;
    }
    return [];
}

/** The problem lines of a config that must be refused; fails when it is accepted. */
export function rejectionOf(raw: Readonly<Record<string, string>>, stack = "dev", options: ParseOptions = {}): string[] {
    const problems = configProblems(raw, stack, options);
    if (problems.length === 0) assert.fail("expected the config to be rejected");
    return problems;
}
