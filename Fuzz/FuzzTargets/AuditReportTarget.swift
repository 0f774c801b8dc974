import IAMGateKit

/// Saved audit reports (`iamgate audit --format json`), as `iamgate audit diff` and `iamgate audit merge` read them:
/// the report against itself and against the example account's audit, both ways, each difference rendered in every
/// format; then the report merged alone and after the example's.
enum AuditReportTarget {
    static func run(_ bytes: [UInt8]) {
        let path = FuzzWorkspace.shared.write(bytes, to: "audit.json")
        let example = AuditOutputs.savedReport
        for (old, new) in [(path, path), (example, path), (path, example)] {
            guard let diff = try? AuditDiffer.diff(oldPath: old, newPath: new) else { continue }
            var count = 0
            AuditDiffText.write(diff, style: Style(enabled: true)) { count += $0.utf8.count }
            _ = AuditDiffJSON.render(diff)
            AuditDiffMarkdown.write(diff) { count += $0.utf8.count }
        }
        for paths in [[path], [example, path]] {
            guard let merge = try? AuditMerger.read(paths) else { continue }
            var count = 0
            try? AuditMerger.write(merge) { count += $0.count }
        }
    }
}
