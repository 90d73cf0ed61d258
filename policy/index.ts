// The policy pack `pulumi preview --policy-pack policy` runs: every policy of policies.ts, each mandatory.
import { PolicyPack } from "@pulumi/policy";
import { monitoringPolicies } from "./policies";

new PolicyPack("monitoring-policies", { policies: [...monitoringPolicies] });
