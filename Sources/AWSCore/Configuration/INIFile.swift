/// The sections of an AWS-style INI file, in the way botocore reads them: `[section]` headers, `key = value` (or
/// `key: value`) lines with keys lowercased, `#` and `;` comments (whole lines, or after whitespace at the end of a
/// value), and indented lines after a key treated as its nested settings (`s3 =` followed by indented lines), which
/// are kept apart and never mistaken for top-level keys.
struct INIFile: Sendable, Hashable {
    /// Settings of each section by section name (as written between the brackets, trimmed). Repeated sections merge,
    /// later values winning.
    var sections: [String: [String: String]] = [:]
    /// Nested settings: section → key → nested key → value.
    var nested: [String: [String: [String: String]]] = [:]

    /// Parses `text`; `file` is the path shown in errors.
    static func parse(_ text: String, file: String) throws(ConfigurationError) -> INIFile {
        var result = INIFile()
        var section: String?
        var lastKey: String?
        var lineNumber = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            let indented = line.first == " " || line.first == "\t"
            if indented, let current = section, let key = lastKey {
                // A nested setting of `key` (or a continuation line); it never becomes a top-level key.
                if let (nestedKey, value) = splitAssignment(trimmed) {
                    result.nested[current, default: [:]][key, default: [:]][nestedKey] = value
                }
                continue
            }
            if trimmed.hasPrefix("[") {
                guard let close = trimmed.firstIndex(of: "]") else {
                    throw ConfigurationError(file: file, line: lineNumber, reason: "section header has no closing ']'")
                }
                let name = trimmed[trimmed.index(after: trimmed.startIndex)..<close].trimmingWhitespace()
                guard !name.isEmpty else {
                    throw ConfigurationError(file: file, line: lineNumber, reason: "section header has an empty name")
                }
                section = String(name)
                result.sections[String(name), default: [:]] = result.sections[String(name)] ?? [:]
                lastKey = nil
                continue
            }
            guard let (key, value) = splitAssignment(trimmed) else {
                throw ConfigurationError(
                    file: file, line: lineNumber, reason: "expected 'key = value', a '[section]' header or a comment")
            }
            guard let current = section else {
                throw ConfigurationError(
                    file: file, line: lineNumber, reason: "setting '\(key)' appears before any '[section]' header")
            }
            guard !key.isEmpty else {
                throw ConfigurationError(file: file, line: lineNumber, reason: "setting has an empty name")
            }
            result.sections[current, default: [:]][key] = value
            lastKey = key
        }
        return result
    }

    /// `key = value` split at the first `=` or `:`, the key lowercased and both trimmed, an inline comment (`#` or
    /// `;` after whitespace) removed from the value.
    static func splitAssignment(_ line: Substring) -> (String, String)? {
        guard let delimiter = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { return nil }
        let key = line[..<delimiter].trimmingWhitespace().lowercased()
        var value = line[line.index(after: delimiter)...]
        var previous: Character = " "
        for index in value.indices {
            let character = value[index]
            if (character == "#" || character == ";") && (previous == " " || previous == "\t") {
                value = value[..<index]
                break
            }
            previous = character
        }
        return (key, String(value.trimmingWhitespace()))
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
