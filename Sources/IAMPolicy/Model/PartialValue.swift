/// A value that is only partly known: literal text with named parts nobody knows yet. It is a statement's value
/// (`'arn:aws:iam::{{ account }}:role/x'` without `--var account=…`, or a whole `'{{ region }}'`), the Region or
/// account of a check, and the resource of a request built from them
/// (`arn:aws:imagebuilder:us-east-1:111122223333:image/${ImageName}/${ImageVersion}/${ImageBuildVersion}`). An
/// unknown part carries the name it was asked for by (a template variable, a flag, an ARN template's placeholder), so
/// reports can say what to supply.
public struct PartialValue: Sendable, Hashable, CustomStringConvertible {
    /// A run of known text, or a part nobody knows yet, with its name.
    public enum Part: Sendable, Hashable {
        case literal(String)
        case unknown(String)
    }

    public var parts: [Part]

    public init(parts: [Part]) {
        self.parts = parts
    }

    /// Reads `text` as an ARN template writes it: `${Name}` is an unknown part named `Name`, everything else is
    /// literal.
    public init(template text: String) {
        var parts: [Part] = []
        var rest = Substring(text)
        while let open = rest.range(of: "${"), let close = rest[open.upperBound...].firstIndex(of: "}") {
            if open.lowerBound > rest.startIndex {
                parts.append(.literal(String(rest[rest.startIndex..<open.lowerBound])))
            }
            parts.append(.unknown(String(rest[open.upperBound..<close])))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
        self.parts = parts
    }

    /// A value known in full.
    public static func known(_ text: String) -> PartialValue { PartialValue(parts: [.literal(text)]) }
    /// A value nobody knows, asked for by `name`.
    public static func unknown(_ name: String) -> PartialValue { PartialValue(parts: [.unknown(name)]) }

    /// The text when every part is known.
    public var knownText: String? {
        var text = ""
        for part in parts {
            guard case .literal(let literal) = part else { return nil }
            text += literal
        }
        return text
    }

    /// Whether every part is known.
    public var isKnown: Bool { unknownNames.isEmpty }

    /// The names of the unknown parts, in order.
    public var unknownNames: [String] {
        parts.compactMap {
            if case .unknown(let name) = $0 { return name }
            return nil
        }
    }

    /// As an ARN template writes it, unknown parts as `${Name}`: `…:image/${ImageName}/…`.
    public var description: String {
        parts.map {
            switch $0 {
            case .literal(let text): return text
            case .unknown(let name): return "${\(name)}"
            }
        }.joined()
    }

    /// As a StackQL statement writes it, unknown parts as `{{ name }}` templates: `arn:…:{{ account }}:…`.
    public var sqlText: String {
        parts.map {
            switch $0 {
            case .literal(let text): return text
            case .unknown(let name): return "{{ \(name) }}"
            }
        }.joined()
    }
}
