// Prints the closing line CI reads, `N passed, M failed`, on its own line after everything jest
// prints: jest's own summary is written after reporters' onRunComplete returns, so the line is
// written synchronously when the process exits.
const fs = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed\n`;
    process.once('exit', () => fs.writeSync(2, line));
  }
}
module.exports = SummaryReporter;
