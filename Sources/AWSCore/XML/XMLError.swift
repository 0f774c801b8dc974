/// Why bytes could not be read as XML. One lowercase sentence with the line and column libxml2 reported.
public enum XMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// libxml2 rejected the document: not well-formed, bad encoding, undefined entity, nesting too deep, ….
    case malformed(line: Int, column: Int, reason: String)
    /// The document has a `<!DOCTYPE`: DTDs (and so entity declarations) are refused, which rules out external
    /// entity (XXE) and entity-expansion ("billion laughs") attacks.
    case documentTypeDeclaration(line: Int, column: Int)
    /// The document is larger than the reader accepts.
    case tooLarge(bytes: Int, limit: Int)
    /// There were no bytes, or nothing but whitespace.
    case empty

    public var description: String {
        switch self {
        case .malformed(let line, let column, let reason):
            return "malformed xml at line \(line):\(column): \(reason)"
        case .documentTypeDeclaration(let line, let column):
            return "xml at line \(line):\(column) has a document type declaration, and dtds and entities are refused"
        case .tooLarge(let bytes, let limit):
            return "xml document of \(bytes) bytes is larger than the \(limit)-byte limit"
        case .empty:
            return "xml document is empty"
        }
    }
}
