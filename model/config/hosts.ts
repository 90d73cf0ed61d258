// Host names, host:port targets and image references as their own standards define them.

const hostLabel = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** RFC 1123 host name: at most 253 characters, labels of 1 to 63 letters, digits and inner '-'; or an IPv4 address. */
export function isHostName(host: string): boolean {
    if (ipv4.test(host)) return true;
    const name = host.endsWith(".") ? host.slice(0, -1) : host;
    return name.length >= 1 && name.length <= 253 && name.split(".").every((label) => hostLabel.test(label));
}

/** An IPv6 address as the WHATWG URL parser accepts it (the form Prometheus' targets take, in brackets). */
export function isIpv6(address: string): boolean {
    if (!/^[0-9A-Fa-f:.]+$/.test(address) || !address.includes(":")) return false;
    try {
        return new URL(`http://[${address}]/`).hostname.length > 2;
    } catch {
        return false;
    }
}

/** `host:port` or `[ipv6]:port` with a port from 1 to 65535, as a Prometheus static target. */
export function isHostPort(target: string): boolean {
    const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(target);
    if (!match) return false;
    const port = Number(match[3]);
    const hostOk = match[1] !== undefined ? isIpv6(match[1]) : isHostName(match[2]);
    return hostOk && port >= 1 && port <= 65535;
}

// The distribution reference grammar (github.com/distribution/reference): [registry[:port]/]path[:tag][@digest].
const domainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
// A first component is a registry only when it has a dot or a port, or is localhost (else it is part of the path).
const registry = `(?:${domainComponent}(?:\\.${domainComponent})+(?::[0-9]+)?|localhost(?::[0-9]+)?|${domainComponent}:[0-9]+|\\[[0-9A-Fa-f:]+\\](?::[0-9]+)?)`;
const pathComponent = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
const tag = "[\\w][\\w.-]{0,127}";
const digest = "sha256:[a-f0-9]{64}";
export const imageReferencePattern = new RegExp(`^(?:${registry}/)?${pathComponent}(?:/${pathComponent})*(?::${tag})?(?:@${digest})?$`);

/** A reference pinned to a tag other than `latest`, or to a digest (the tag is after the last '/'). */
export function isPinnedImageReference(ref: string): boolean {
    if (new RegExp(`@${digest}$`).test(ref)) return true;
    const lastSegment = ref.slice(ref.lastIndexOf("/") + 1);
    const colon = lastSegment.indexOf(":");
    return colon >= 0 && lastSegment.slice(colon + 1) !== "latest";
}
