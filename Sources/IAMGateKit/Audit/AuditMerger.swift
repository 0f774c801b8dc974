import IAMPolicy
import JSON

/// `iamgate audit merge A.json B.json …`: one report from the reports of separate accounts (one audit job per
/// account), exactly as one `iamgate audit` over all their authorization-details files, in the same order, would have
/// written it.
///
/// The principals' lines are copied from the files as they are (each principal is one line of a report), the errors,
/// escalations and expectations concatenated, the inputs concatenated (each report's accounts, then the inputs every
/// account shares, each once), the accounts and totals recomputed. Reports of another resource, other operations or
/// another mode than the first, and reports that cover an account another one covers, are refused. Only the JSON can be
/// merged: a report read back keeps each principal's verdicts, not the evidence the other formats render.
public enum AuditMerger {
    /// The reports to merge, read and checked.
    public struct Merge: Sendable {
        public var reports: [SavedAuditReport]
        /// Standard input's bytes, when a report was read from `-` (it cannot be read twice).
        var standardInput: [UInt8]?
    }

    /// Reads every report (`-`: standard input) and checks that they can be merged; nothing is written.
    public static func read(_ paths: [String]) throws(InputError) -> Merge {
        guard !paths.isEmpty else { throw InputError("audit merge needs the JSON reports to merge") }
        var merge = Merge(reports: [], standardInput: nil)
        for path in paths {
            if path == "-" {
                guard merge.standardInput == nil else {
                    throw InputError("standard input ('-') can hold one report only; give the others as files")
                }
                let bytes = try FileInput.read(path, what: "audit report")
                merge.standardInput = bytes
                merge.reports.append(try AuditReportReader.read(bytes, path: path))
            } else {
                merge.reports.append(try AuditReportReader.read(path))
            }
        }
        try check(merge.reports)
        return merge
    }

    /// Refuses reports that one audit could not have written together.
    static func check(_ reports: [SavedAuditReport]) throws(InputError) {
        guard let first = reports.first else { return }
        var owners: [String: String] = [:]
        for report in reports {
            let pair = "audit reports '\(first.path)' and '\(report.path)'"
            if report.resource != first.resource {
                throw InputError(
                    "\(pair) are about different resources ('\(first.resource)' and '\(report.resource)'): only "
                        + "reports of the same resource, operations and mode can be merged")
            }
            if report.columns != first.columns {
                throw InputError(
                    "\(pair) have different operations (\(first.columns.joined(separator: ", ")) and "
                        + "\(report.columns.joined(separator: ", "))): only reports of the same resource, operations "
                        + "and mode can be merged")
            }
            if report.mode != first.mode {
                throw InputError(
                    "\(pair) were made in different modes (\(first.mode.rawValue) and \(report.mode.rawValue)): only "
                        + "reports of the same resource, operations and mode can be merged")
            }
            if report.source != first.source {
                throw InputError(
                    "\(pair) have different sources (\(first.source.rawValue) and \(report.source.rawValue))")
            }
            for account in report.accounts {
                if let owner = owners[account] {
                    throw InputError(
                        "audit reports '\(owner)' and '\(report.path)' both cover account \(account): merge each "
                            + "account once")
                }
            }
            for account in report.accounts { owners[account] = report.path }
        }
        if let judged = reports.first(where: { !$0.expectations.isEmpty }) {
            throw InputError(
                "audit report '\(judged.path)' holds what an expectations file found for its own accounts, which "
                    + "says nothing of the merged report's: merge reports audited without --expectations")
        }
        let withOrganization = reports.filter { $0.organization != nil }
        if withOrganization.count > 1 {
            throw InputError(
                "audit reports '\(withOrganization[0].path)' and '\(withOrganization[1].path)' each hold the SCPs "
                    + "and RCPs read for their account (--from-organization), and a report holds one account's: "
                    + "merge reports audited with --scp and --rcp instead")
        }
    }

    /// Writes the merged report to `output`, in pieces, laid out as `AuditReportJSON` lays out a report. Each file is
    /// read again for its principals' lines; a file that changed since `read` is refused.
    public static func write(_ merge: Merge, to output: (ArraySlice<UInt8>) -> Void) throws(InputError) {
        let reports = merge.reports
        guard let first = reports.first else { return }
        func text(_ string: String) { output(ArraySlice(string.utf8)) }
        func member(_ key: String, _ value: JSONOutput, last: Bool = false) {
            text(
                "  \(JSONOutput.string(key).rendered(pretty: false)): \(value.rendered(pretty: false))"
                    + (last ? "\n" : ",\n"))
        }

        var shared: [String] = []
        for report in reports {
            for line in report.sharedInputs where !shared.contains(line) { shared.append(line) }
        }
        var seenAccounts: Set<String> = []
        let accounts = (reports.flatMap { $0.principals.map(\.account) } + reports.flatMap { $0.errors.map(\.account) })
            .filter { seenAccounts.insert($0).inserted }
        var notes: [String] = []
        for report in reports {
            for note in report.notes where !notes.contains(note) { notes.append(note) }
        }

        text("{\n")
        member("schemaVersion", .int(AuditReportJSON.schemaVersion))
        member("resource", .string(first.resource))
        member("source", .string(first.source.rawValue))
        member("mode", .string(first.mode.rawValue))
        member("inputs", .strings(reports.flatMap(\.accountInputLines) + shared))
        member("accountInputs", .int(reports.map(\.accountInputs).reduce(0, +)))
        member("operations", .strings(first.columns))
        member("accounts", .strings(accounts))
        text("  \"principals\": [")
        var written = 0
        for report in reports where !report.principals.isEmpty {
            let bytes = try reread(report, merge: merge)
            for row in report.principals {
                text(written == 0 ? "\n    " : ",\n    ")
                output(bytes[row.bytes])
                written += 1
            }
        }
        text(written == 0 ? "],\n" : "\n  ],\n")
        member("errors", .array(reports.flatMap(\.errors).map(\.json)))
        member("escalations", .array(reports.flatMap(\.escalations)))
        member("expectations", .array(reports.flatMap(\.expectations)))
        member("totals", .array(totals(reports).map(\.json)))
        let organization = reports.lazy.compactMap(\.organization).first
        member("notes", .strings(notes), last: organization == nil)
        if let organization { member("organization", organization, last: true) }
        text("}\n")
    }

    /// The report's bytes again, checked to be the ones read.
    static func reread(_ report: SavedAuditReport, merge: Merge) throws(InputError) -> [UInt8] {
        let bytes =
            report.path == "-"
            ? merge.standardInput ?? [] : try FileInput.read(report.path, what: "audit report")
        let intact =
            bytes.count == report.size
            && report.principals.allSatisfy { row in
                row.bytes.upperBound <= bytes.count && bytes[row.bytes.lowerBound] == UInt8(ascii: "{")
                    && bytes[row.bytes.upperBound - 1] == UInt8(ascii: "}")
            }
        guard intact else {
            throw InputError("audit report '\(report.path)' changed while it was being merged; merge again")
        }
        return bytes
    }

    /// Per column, how many principals of all the reports are allowed, denied and undetermined.
    static func totals(_ reports: [SavedAuditReport]) -> [AuditTotal] {
        guard let columns = reports.first?.columns else { return [] }
        var totals = columns.map { AuditTotal(column: $0) }
        for report in reports {
            for row in report.principals {
                for (column, verdict) in zip(totals.indices, row.verdicts) {
                    switch verdict {
                    case .allowed: totals[column].allowed += 1
                    case .denied: totals[column].denied += 1
                    case .undetermined: totals[column].undetermined += 1
                    }
                }
            }
        }
        return totals
    }
}
