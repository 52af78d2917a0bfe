// Public surface of the file and stream formats Clearway reads and writes.
export { LineSplitter, parseLine, type Line } from './ndjson.ts';
export { toCsv, consignmentCsvHeader, consignmentCsvRow } from './csv.ts';
export { readCsv, parseCsv, readTable, type CsvRecord, type CsvProblem, type FormatError, type TableRow } from './csv-read.ts';
export { parseTariffCsv } from './tariff.ts';
export { parseEcbHistory, parseRatesCsv } from './rates.ts';
export { parseRegistryCsv, type RegistryRow } from './registry.ts';
