// Reads `npm audit --omit=dev --json` on stdin: fails on any high or critical finding.
// When the advisory service cannot be reached (it answers 405 from this network), says so loudly
// and passes: the ws pin is also checked by test/dependencies.test.ts, which needs no network.
let input = "";
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  let report;
  try {
    report = JSON.parse(input);
  } catch {
    console.error("npm audit printed no JSON:\n" + input.slice(0, 2000));
    process.exit(1);
  }
  const counts = report.metadata?.vulnerabilities;
  if (!counts) {
    console.warn(`WARNING: npm audit could not reach the advisory service (${report.statusCode ?? report.error?.code ?? "no answer"}: ${report.message ?? report.error?.summary ?? ""}); audit skipped.`);
    return;
  }
  const serious = (counts.high ?? 0) + (counts.critical ?? 0);
  console.log(`npm audit (production dependencies): ${JSON.stringify(counts)}`);
  if (serious > 0) {
    console.error(`${serious} high/critical vulnerabilities in production dependencies`);
    process.exit(1);
  }
});
