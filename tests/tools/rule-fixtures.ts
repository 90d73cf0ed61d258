// Every alert's promtool fixture with the owner its alerts carry: read by the fast tier (one-run) and by promtool's tests.
import { AlertFixture, FixtureOwner } from "./rule-fixture-types";
import { platformAvailabilityFixtures, stackAvailabilityFixtures } from "./rule-fixtures-availability";
import { failureFixtures } from "./rule-fixtures-failures";
import { kubernetesFixtures, kubernetesPlatformFixtures } from "./rule-fixtures-kubernetes";
import { platformFixtures } from "./rule-fixtures-platform";
import { sloFixtures } from "./rule-fixtures-slo";
import { stackFixtures } from "./rule-fixtures-stack";

export type OwnedFixture = AlertFixture & { readonly owner: FixtureOwner };
const owned = (owner: FixtureOwner, fixtures: readonly AlertFixture[]): OwnedFixture[] => fixtures.map((f) => ({ ...f, owner }));

/** Every fixture, with the owner label its alerts must carry. */
export const alertFixtures: readonly OwnedFixture[] = [
    ...owned("platform", [...platformFixtures, ...sloFixtures, ...platformAvailabilityFixtures, ...kubernetesPlatformFixtures]),
    ...owned("monitoring", [...stackFixtures, ...stackAvailabilityFixtures, ...failureFixtures, ...kubernetesFixtures]),
];
