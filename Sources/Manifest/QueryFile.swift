import Diagnostics
import Foundation

/// A resource query file (`resources/NAME.iql`) split at its anchors as stackql-deploy splits it: a line that starts
/// (after spaces) with `/*+` and holds `*/` is an anchor, `KEY[, OPTION=VALUE]…`; the lines up to the next anchor are
/// its query; lines before the first anchor belong to none.
public struct QueryFile: Sendable, Hashable {
    /// The file as it can be opened.
    public var path: String
    public var sections: [QuerySection]

    public init(path: String, sections: [QuerySection]) {
        self.path = path
        self.sections = sections
    }

    /// The section of `anchor`, if the file has one.
    public func section(_ anchor: QueryAnchor) -> QuerySection? {
        sections.first { $0.anchor == anchor }
    }

    /// Reads and splits the file at `path`.
    public static func load(path: String) throws(ManifestError) -> QueryFile {
        try parse(try ManifestProject.readText(path, kind: "query file"), path: path)
    }

    /// Splits `text`; errors name `path`. An anchor stackql-deploy does not know (with a suggestion), an unknown or
    /// malformed option, or the same anchor twice (stackql-deploy would silently keep only the last) is one
    /// sentence with its line.
    public static func parse(_ text: String, path: String) throws(ManifestError) -> QueryFile {
        var sections: [QuerySection] = []
        var current: (anchor: QueryAnchor, written: String, options: [QueryOption], line: Int)?
        var buffer: [Substring] = []
        func close() {
            guard let open = current else { return }
            sections.append(
                QuerySection(
                    anchor: open.anchor, writtenAnchor: open.written, options: open.options, anchorLine: open.line,
                    firstLine: open.line + 1, text: buffer.joined(separator: "\n")))
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, rawLine) in lines.enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard trimmed.hasPrefix("/*+"), let end = trimmed.range(of: "*/") else {
                buffer.append(line)
                continue
            }
            close()
            buffer = []
            let number = index + 1
            let content = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 3)..<end.lowerBound]
            let parsed = try anchor(String(content), line: number, path: path)
            if let earlier = sections.first(where: { $0.anchor == parsed.anchor }) {
                throw ManifestError(
                    kind: "query file", file: path, line: number,
                    message:
                        "a second '\(parsed.anchor.rawValue)' anchor (the first is at line \(earlier.anchorLine)); "
                        + "stackql-deploy would keep only the last one")
            }
            current = (parsed.anchor, parsed.written, parsed.options, number)
        }
        close()
        return QueryFile(path: path, sections: sections)
    }

    /// `KEY[, NAME=VALUE]…` of one anchor.
    static func anchor(
        _ content: String, line: Int, path: String
    ) throws(ManifestError) -> (anchor: QueryAnchor, written: String, options: [QueryOption]) {
        func failure(_ message: String) -> ManifestError {
            ManifestError(kind: "query file", file: path, line: line, message: message)
        }
        let parts = content.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let written = parts.first ?? ""
        guard let anchor = QueryAnchor(written: written) else {
            let known = QueryAnchor.allCases.map(\.rawValue) + QueryAnchor.aliases.keys.sorted()
            var message = "unknown anchor '\(written)'"
            if let close = Suggestion.closest(to: written.lowercased(), among: known, maxDistance: 2) {
                message += " (did you mean '\(close)'?)"
            } else {
                message += " (stackql-deploy knows \(QueryAnchor.allCases.map(\.rawValue).joined(separator: ", ")))"
            }
            throw failure(message)
        }
        var options: [QueryOption] = []
        for part in parts.dropFirst() where !part.isEmpty {
            guard let equals = part.firstIndex(of: "=") else {
                throw failure("option '\(part)' of '\(written)' must be NAME=VALUE (e.g. retries=5)")
            }
            let name = part[..<equals].trimmingCharacters(in: .whitespaces)
            let value = part[part.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard anchor.optionNames.contains(name) else {
                var message = "unknown option '\(name)' of '\(written)'"
                if let close = Suggestion.closest(to: name, among: anchor.optionNames, maxDistance: 2) {
                    message += " (did you mean '\(close)'?)"
                } else {
                    message += " (it takes \(anchor.optionNames.joined(separator: ", ")))"
                }
                throw failure(message)
            }
            if QueryOption.numeric.contains(name), UInt32(value) == nil {
                throw failure("option '\(name)' of '\(written)' must be a whole number, not '\(value)'")
            }
            options.append(QueryOption(name: name, value: value))
        }
        return (anchor, written, options)
    }
}
