/**
 * `pnpm docs:links` (scripts/test.sh): every link between README.md and docs/ points at a file
 * and heading that exist (remark-validate-links, offline). No Git remote is assumed: a clean
 * clone in CI has none.
 */
import remarkValidateLinks from 'remark-validate-links';

export default { plugins: [[remarkValidateLinks, { repository: false }]] };
