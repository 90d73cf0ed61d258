// `npm run metric-contract`: writes docs/metric-contract.md from the catalogue (a test fails when it is out of step).
import { writeFileSync } from "fs";
import { metricContractPath, renderMetricContract } from "../render/metric-contract";

writeFileSync(metricContractPath, renderMetricContract());
console.log(`wrote ${metricContractPath}`);
