// Day 2 under the mock engine, the keys' first half: tests/support/config-change-pairs.ts.
import { describeConfigChanges } from "../support/config-change-pairs";

describeConfigChanges(1);
