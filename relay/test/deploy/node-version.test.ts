import { describe, expect, it } from 'vitest';
import { repoFile } from './deploy-files.ts';

/**
 * The Node the relay is deployed on (issue 63, item 8): the LTS the Dockerfile builds on, named
 * alike by the systemd unit, the README, the deploy guide and package.json's engines; the older
 * majors still allowed where this machine's Node 20 runs everything.
 */
const SUPPORTED_LTS = 24;

/** The Node major of each `FROM node:<major>-…` line of the Dockerfile. */
function dockerfileMajors(): number[] {
  return [...repoFile('Dockerfile').matchAll(/^FROM node:(\d+)-/gm)].map(([, major]) =>
    Number(major),
  );
}

describe('the Node the relay is deployed on', () => {
  it('is Node 24 LTS in both stages of the Dockerfile', () => {
    expect(dockerfileMajors()).toEqual([SUPPORTED_LTS, SUPPORTED_LTS]);
  });

  it('is the one the systemd unit, the README and the deploy guide name', () => {
    expect(repoFile('deploy/parley.service')).toContain(`# Node ${SUPPORTED_LTS} LTS`);
    expect(repoFile('README.md')).toContain(`Node.js ${SUPPORTED_LTS} LTS`);
    const guide = repoFile('docs/deploying.md');
    expect(guide).toContain(`Node ${SUPPORTED_LTS} LTS`);
    expect(guide).toContain(`node:${SUPPORTED_LTS}-bookworm-slim`);
  });

  it('is allowed by engines, as are 22 and 20 (this machine runs everything on 20)', () => {
    const pkg = JSON.parse(repoFile('package.json')) as { engines: { node: string } };
    const ranges = pkg.engines.node.split('||').map((r) => r.trim());
    expect(ranges).toContain(`>=${SUPPORTED_LTS}`);
    expect(ranges.some((r) => r.startsWith('^22.'))).toBe(true);
    expect(ranges.some((r) => r.startsWith('^20.'))).toBe(true);
  });

  it('is what the image check stands in for the base image with, read from the Dockerfile', () => {
    // A registry-less build stands in for node:<major>-bookworm-slim: with the Dockerfile's major,
    // never a Node written into the script.
    const check = repoFile('scripts/check-image.sh');
    expect(check).not.toMatch(/node:\d+-bookworm/);
    expect(check).toContain('scripts/node/install-node.sh "$node_major"');
  });
});
