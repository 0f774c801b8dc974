import Foundation
import JSON

extension RowExpression {
    /// The expression's value in one row, SQLite's way: `column` gives a column's value (NULL when the row has none);
    /// a comparison with NULL is NULL; text and a number compare as numbers when the text is one. A value with an
    /// unknown template part is NULL, so it never makes a condition hold.
    public func evaluate(_ column: (String) -> RowValue) -> RowValue {
        switch self {
        case .column(let name): return column(name)
        case .text(let value): return value.value.knownText.map(RowValue.text) ?? .null
        case .number(let literal): return Double(literal).map(RowValue.number) ?? .null
        case .boolean(let value): return .number(value ? 1 : 0)
        case .null, .star: return .null
        case .call(let name, let arguments): return Self.call(name, arguments.map { $0.evaluate(column) })
        case .not(let inner):
            let value = inner.evaluate(column)
            if value == .null { return .null }
            return .number(value.holds ? 0 : 1)
        case .negate(let inner):
            switch inner.evaluate(column) {
            case .number(let value): return .number(-value)
            case .text(let text): return .number(-(RowValue.leadingNumber(text) ?? 0))
            case .null: return .null
            }
        case .compare(let symbol, let left, let right):
            guard let order = Self.order(left.evaluate(column), right.evaluate(column)) else { return .null }
            let holds: Bool
            switch symbol {
            case "=": holds = order == 0
            case "!=": holds = order != 0
            case "<": holds = order < 0
            case "<=": holds = order <= 0
            case ">": holds = order > 0
            default: holds = order >= 0
            }
            return .number(holds ? 1 : 0)
        case .and(let left, let right):
            let (a, b) = (left.evaluate(column), right.evaluate(column))
            if (a != .null && !a.holds) || (b != .null && !b.holds) { return .number(0) }
            if a == .null || b == .null { return .null }
            return .number(1)
        case .or(let left, let right):
            let (a, b) = (left.evaluate(column), right.evaluate(column))
            if a.holds || b.holds { return .number(1) }
            if a == .null || b == .null { return .null }
            return .number(0)
        case .like(let left, let right, let negated):
            guard let text = left.evaluate(column).text, let pattern = right.evaluate(column).text else { return .null }
            return .number(Self.like(Array(text.lowercased()), Array(pattern.lowercased())) != negated ? 1 : 0)
        case .isNull(let inner, let negated):
            return .number((inner.evaluate(column) == .null) != negated ? 1 : 0)
        case .inList(let left, let items, let negated):
            let value = left.evaluate(column)
            if value == .null { return .null }
            let found = items.contains { Self.order(value, $0.evaluate(column)) == 0 }
            return .number(found != negated ? 1 : 0)
        }
    }

    /// -1, 0 or 1; `nil` when either side is NULL. Numbers before text, as SQLite orders them, unless the text is a
    /// number.
    static func order(_ left: RowValue, _ right: RowValue) -> Int? {
        switch (left, right) {
        case (.null, _), (_, .null): return nil
        case (.number(let a), .number(let b)): return a < b ? -1 : a > b ? 1 : 0
        case (.text(let a), .text(let b)): return a < b ? -1 : a > b ? 1 : 0
        case (.number(let a), .text(let b)):
            guard let number = Double(b.trimmingCharacters(in: .whitespaces)) else { return -1 }
            return a < number ? -1 : a > number ? 1 : 0
        case (.text, .number): return order(right, left).map { -$0 }
        }
    }

    /// `%` any run, `_` one character; both sides already lowercased (SQLite's LIKE ignores ASCII case).
    static func like(_ text: [Character], _ pattern: [Character]) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        let rest = Array(pattern.dropFirst())
        if first == "%" {
            for start in 0...text.count where like(Array(text[start...]), rest) { return true }
            return false
        }
        guard let character = text.first, first == "_" || first == character else { return false }
        return like(Array(text.dropFirst()), rest)
    }

    // MARK: - Functions

    static func call(_ name: String, _ arguments: [RowValue]) -> RowValue {
        func argument(_ index: Int) -> RowValue { index < arguments.count ? arguments[index] : .null }
        switch name {
        case "JSON_EQUAL", "AWS_POLICY_EQUAL":
            guard let left = argument(0).text, let right = argument(1).text else { return .null }
            guard let a = json(left), let b = json(right) else { return .number(0) }
            return .number(equal(a, b, asPolicy: name == "AWS_POLICY_EQUAL") ? 1 : 0)
        case "JSON_EXTRACT":
            guard let document = argument(0).text, let path = argument(1).text, let node = json(document),
                let found = extract(node, path: path)
            else { return .null }
            return RowValue(found)
        case "JSON_ARRAY_LENGTH":
            guard let document = argument(0).text, var node = json(document) else { return .null }
            if arguments.count > 1 {
                guard let path = argument(1).text, let found = extract(node, path: path) else { return .null }
                node = found
            }
            return .number(Double(node.arrayValue?.count ?? 0))
        case "LOWER": return argument(0).text.map { .text($0.lowercased()) } ?? .null
        case "UPPER": return argument(0).text.map { .text($0.uppercased()) } ?? .null
        case "LENGTH": return argument(0).text.map { .number(Double($0.count)) } ?? .null
        default: return .null
        }
    }

    static func json(_ text: String) -> JSONNode? {
        try? JSONParser.parse(Array(text.utf8))
    }

    /// Structural equality: object members in any order, numbers by value. `asPolicy` also takes arrays in any
    /// order and a single value as equal to an array holding only it, as IAM reads policy documents.
    static func equal(_ a: JSONNode, _ b: JSONNode, asPolicy: Bool) -> Bool {
        switch (a.kind, b.kind) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return Double(x) == Double(y)
        case (.string(let x), .string(let y)): return x == y
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            return x.allSatisfy { member in
                y.contains { $0.key == member.key && equal(member.value, $0.value, asPolicy: asPolicy) }
            }
        case (.array(let x), .array(let y)):
            guard x.count == y.count else { return false }
            guard asPolicy else { return zip(x, y).allSatisfy { equal($0, $1, asPolicy: false) } }
            var unmatched = y
            for item in x {
                guard let index = unmatched.firstIndex(where: { equal(item, $0, asPolicy: true) }) else { return false }
                unmatched.remove(at: index)
            }
            return true
        case (.array(let x), _) where asPolicy && x.count == 1: return equal(x[0], b, asPolicy: true)
        case (_, .array(let y)) where asPolicy && y.count == 1: return equal(a, y[0], asPolicy: true)
        default: return false
        }
    }

    /// SQLite's JSON path: `$`, then `.key`, `."key"` or `[index]` steps; `nil` when a step finds nothing or the
    /// path is malformed.
    static func extract(_ node: JSONNode, path: String) -> JSONNode? {
        var characters = Substring(path)
        guard characters.first == "$" else { return nil }
        characters = characters.dropFirst()
        var current = node
        while let first = characters.first {
            if first == "." {
                characters = characters.dropFirst()
                var key: String
                if characters.first == "\"" {
                    characters = characters.dropFirst()
                    guard let close = characters.firstIndex(of: "\"") else { return nil }
                    key = String(characters[..<close])
                    characters = characters[characters.index(after: close)...]
                } else {
                    let end = characters.firstIndex { $0 == "." || $0 == "[" } ?? characters.endIndex
                    key = String(characters[..<end])
                    characters = characters[end...]
                }
                guard let value = current.objectValue?.last(where: { $0.key == key })?.value else { return nil }
                current = value
            } else if first == "[" {
                guard let close = characters.firstIndex(of: "]"),
                    let index = Int(characters[characters.index(after: characters.startIndex)..<close]),
                    let items = current.arrayValue, index >= 0, index < items.count
                else { return nil }
                current = items[index]
                characters = characters[characters.index(after: close)...]
            } else {
                return nil
            }
        }
        return current
    }
}
