/// The one JSON writer: UTF-8 bytes out, in one of two layouts, fed either call by call (`beginObject`, `key`,
/// `string`, …, for documents too large to hold as a tree first, such as a generated authorization-details file of
/// tens of megabytes) or a whole ``JSONOutput`` tree at once (``value(_:)``, what reports use). Both forms share the
/// layout and the string escaping, so a document reads the same whichever way it was built.
///
/// Strings escape `"` and `\`, write line feed, carriage return and tab as `\n`, `\r` and `\t`, and every other
/// control character as `\u00XX` (lowercase hex); everything else, `/` included, is written as it is. U+E000 and
/// U+E001, the private-use stand-ins the policy engine uses for a literal `*` and `?` (`${*}`, `${?}`), are written
/// as the characters they stand for.
public struct JSONWriter: Sendable {
    /// How values are laid out.
    public enum Layout: Sendable, Hashable {
        /// No whitespace at all: `{"a":[1,2]}`.
        case compact
        /// One member or element per line, indented by `spaces` per level, `"key": value`; empty containers stay
        /// `[]` and `{}`.
        case indented(spaces: Int)
    }

    /// What has been written so far.
    public private(set) var bytes: [UInt8] = []
    /// Spaces per level; 0 for `.compact`.
    private let indentWidth: Int
    private let compact: Bool
    private var depth = 0
    /// Whether each open container has members yet, innermost last.
    private var hasMembers: [Bool] = []
    /// A key was just written, so the next value follows it on the same line.
    private var afterKey = false

    /// A writer with the given layout; `capacity` reserves that many bytes up front.
    public init(layout: Layout, capacity: Int = 0) {
        switch layout {
        case .compact:
            compact = true
            indentWidth = 0
        case .indented(let spaces):
            compact = false
            indentWidth = max(0, spaces)
        }
        bytes.reserveCapacity(capacity)
    }

    // MARK: Streaming

    /// Opens an object; its members follow as ``key(_:)`` and a value each, then ``endObject()``.
    public mutating func beginObject() { open(UInt8(ascii: "{")) }

    /// Closes the innermost object.
    public mutating func endObject() { close(UInt8(ascii: "}")) }

    /// Opens an array; its elements follow, then ``endArray()``.
    public mutating func beginArray() { open(UInt8(ascii: "[")) }

    /// Closes the innermost array.
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Writes a member's key; the member's value comes next.
    public mutating func key(_ name: String) {
        beginValue()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        if !compact { bytes.append(UInt8(ascii: " ")) }
        afterKey = true
    }

    /// Writes a string value.
    public mutating func string(_ value: String) {
        beginValue()
        appendQuoted(value)
    }

    /// Writes an integer value.
    public mutating func int(_ value: Int) {
        beginValue()
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Writes a number literal as it was read (``JSONNode/Kind/number(_:)``): the caller vouches that it is one.
    public mutating func number(literal: String) {
        beginValue()
        bytes.append(contentsOf: literal.utf8)
    }

    /// Writes `true` or `false`.
    public mutating func bool(_ value: Bool) {
        beginValue()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// Writes `null`.
    public mutating func null() {
        beginValue()
        bytes.append(contentsOf: "null".utf8)
    }

    /// A `"name": "value"` member.
    public mutating func member(_ name: String, _ value: String) {
        key(name)
        string(value)
    }

    /// Ends the document's last line (a line feed), for files that end with one.
    public mutating func endLine() {
        bytes.append(0x0A)
    }

    // MARK: Trees

    /// Writes a whole value tree.
    public mutating func value(_ value: JSONOutput) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .int(let number): int(number)
        case .number(let literal): number(literal: literal)
        case .string(let text): string(text)
        case .array(let items):
            beginArray()
            for item in items { self.value(item) }
            endArray()
        case .object(let members):
            beginObject()
            for (name, member) in members {
                key(name)
                self.value(member)
            }
            endObject()
        }
    }

    // MARK: Layout

    /// Starts a value: the comma and line break before it, unless it follows a key.
    private mutating func beginValue() {
        if afterKey {
            afterKey = false
            return
        }
        guard let last = hasMembers.indices.last else { return }
        if hasMembers[last] { bytes.append(UInt8(ascii: ",")) }
        hasMembers[last] = true
        newline()
    }

    private mutating func open(_ byte: UInt8) {
        beginValue()
        bytes.append(byte)
        depth += 1
        hasMembers.append(false)
    }

    private mutating func close(_ byte: UInt8) {
        depth -= 1
        if hasMembers.removeLast() { newline() }
        bytes.append(byte)
    }

    private mutating func newline() {
        guard !compact else { return }
        bytes.append(0x0A)
        for _ in 0..<(depth * indentWidth) { bytes.append(UInt8(ascii: " ")) }
    }

    // MARK: Strings

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
    private static let controlPrefix: [UInt8] = Array("\\u00".utf8)

    private mutating func appendQuoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            let count = utf8.count
            var index = 0
            while index < count {
                let byte = utf8[index]
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                    bytes.append(UInt8(ascii: "\\"))
                    bytes.append(byte)
                case 0x0A:
                    bytes.append(UInt8(ascii: "\\"))
                    bytes.append(UInt8(ascii: "n"))
                case 0x0D:
                    bytes.append(UInt8(ascii: "\\"))
                    bytes.append(UInt8(ascii: "r"))
                case 0x09:
                    bytes.append(UInt8(ascii: "\\"))
                    bytes.append(UInt8(ascii: "t"))
                case 0..<0x20:
                    bytes.append(contentsOf: Self.controlPrefix)
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0xF)])
                case 0xEE where index + 2 < count && utf8[index + 1] == 0x80 && utf8[index + 2] & 0xFE == 0x80:
                    // U+E000 (EE 80 80) and U+E001 (EE 80 81): the engine's escaped `*` and `?`.
                    bytes.append(utf8[index + 2] == 0x80 ? UInt8(ascii: "*") : UInt8(ascii: "?"))
                    index += 3
                    continue
                default:
                    bytes.append(byte)
                }
                index += 1
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
