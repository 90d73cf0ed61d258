// Which major version of Tempo a stack runs, read from its image reference: tempo.yml differs between 2.x and 3.x.
import { defaultImages } from "./catalog";

export const supportedTempoMajors = [2, 3] as const;
type TempoMajor = (typeof supportedTempoMajors)[number];

/** The major in an image's tag (`grafana/tempo:2.10.0`, `:v3.0.3`), else undefined; a digest-only reference is taken as the pinned default's major. */
export function tempoImageMajor(image: string): number | undefined {
    const lastSegment = image.slice(image.lastIndexOf("/") + 1).split("@")[0];
    const colon = lastSegment.indexOf(":");
    if (colon < 0) return image.includes("@") ? tempoImageMajor(defaultImages.tempo) : undefined;
    const major = /^v?(\d+)\./.exec(lastSegment.slice(colon + 1));
    return major ? Number(major[1]) : undefined;
}

export const isSupportedTempoImage = (image: string) => supportedTempoMajors.some((m) => m === tempoImageMajor(image));

/** The major a valid, checked config's Tempo image runs (parse.ts refuses the others before anything is deployed). */
export function tempoMajor(image: string): TempoMajor {
    if (!isSupportedTempoImage(image)) throw new Error(`unsupported Tempo image ${image}`);
    return tempoImageMajor(image) as TempoMajor;
}
