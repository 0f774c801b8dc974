import CLibXML2
import Foundation

/// Reads XML bytes into an ``XMLElement`` tree with libxml2, then frees libxml2's document at once.
///
/// Safe for documents from the network: no network access (`XML_PARSE_NONET`), no entity substitution (no
/// `XML_PARSE_NOENT`), any `<!DOCTYPE` refused as soon as libxml2 meets it (so no entity can be declared), libxml2's
/// default depth and text-size limits kept (no `XML_PARSE_HUGE`), and a size limit on the input.
public enum XMLReader {
    /// The largest document ``parse(_:limit:)`` accepts unless told otherwise: 64 MiB, far above any IAM page.
    public static let defaultLimit = 64 * 1024 * 1024

    /// libxml2's one-time global set-up, done before the first parse from whatever thread comes first.
    private static let initialised: Bool = {
        xmlInitParser()
        return true
    }()

    /// The root element of `bytes`. Throws when the bytes are not well-formed XML, declare a DTD, or exceed `limit`.
    public static func parse(_ bytes: [UInt8], limit: Int = defaultLimit) throws(XMLError) -> XMLElement {
        guard bytes.count <= min(limit, Int(Int32.max)) else {
            throw .tooLarge(bytes: bytes.count, limit: limit)
        }
        guard bytes.contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else { throw .empty }
        _ = initialised
        guard let context = xmlNewParserCtxt() else {
            throw .malformed(line: 0, column: 0, reason: "libxml2 could not allocate a parser")
        }
        defer { xmlFreeParserCtxt(context) }
        // The context owns its SAX handler, so these replacements concern this parse only. Both callbacks get the
        // parser context and find `state` through its `_private` pointer.
        let state = ParseState()
        context.pointee._private = Unmanaged.passUnretained(state).toOpaque()
        context.pointee.sax.pointee.internalSubset = { userData, _, _, _ in
            // Called when `<!DOCTYPE name …` has been read, before any `[…]` internal subset: remember where, stop.
            guard let parser = userData?.assumingMemoryBound(to: xmlParserCtxt.self) else { return }
            if let state = ParseState.of(parser), let input = parser.pointee.input {
                state.documentType = (Int(input.pointee.line), Int(input.pointee.col))
            }
            xmlStopParser(parser)
        }
        // Errors are kept (the first one is the one worth reporting) instead of being printed to stderr.
        context.pointee.sax.pointee.serror = { userData, error in
            guard let parser = userData?.assumingMemoryBound(to: xmlParserCtxt.self), let error,
                let state = ParseState.of(parser), state.firstError == nil, error.pointee.level.rawValue >= 2
            else { return }
            state.firstError = Self.malformed(error.pointee)
        }

        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let document = withExtendedLifetime(state) {
            bytes.withUnsafeBytes { buffer -> xmlDocPtr? in
                guard let base = buffer.baseAddress else { return nil }
                let characters = base.assumingMemoryBound(to: CChar.self)
                return xmlCtxtReadMemory(context, characters, Int32(buffer.count), nil, nil, options)
            }
        }
        defer { xmlFreeDoc(document) }
        if let (line, column) = state.documentType {
            throw .documentTypeDeclaration(line: line, column: column)
        }
        guard let document, context.pointee.wellFormed != 0, let root = xmlDocGetRootElement(document) else {
            if let error = state.firstError { throw error }
            if let error = xmlCtxtGetLastError(context), error.pointee.code != 0 { throw malformed(error.pointee) }
            throw .malformed(line: 0, column: 0, reason: "the document has no root element")
        }
        return element(root)
    }

    /// An error libxml2 reported, with its position.
    private static func malformed(_ error: xmlError) -> XMLError {
        let reason = error.message.map { String(cString: $0) } ?? "libxml2 error \(error.code)"
        return .malformed(line: Int(error.line), column: Int(error.int2), reason: reason.asSentenceTail)
    }

    /// Copies one libxml2 element and its subtree into Swift values. libxml2's depth limit (256 without
    /// `XML_PARSE_HUGE`) bounds the recursion.
    private static func element(_ node: xmlNodePtr) -> XMLElement {
        var result = XMLElement(name: string(node.pointee.name))
        if let namespace = node.pointee.ns, let href = namespace.pointee.href {
            result.namespace = String(cString: href)
        }
        var attribute = node.pointee.properties
        while let current = attribute {
            var value = ""
            var valueNode = current.pointee.children
            while let text = valueNode {
                if let content = text.pointee.content { value += String(cString: content) }
                valueNode = text.pointee.next
            }
            result.attributes[string(current.pointee.name)] = value
            attribute = current.pointee.next
        }
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                result.children.append(element(current))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { result.text += String(cString: content) }
            default:
                break
            }
            child = current.pointee.next
        }
        return result
    }

    private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}

/// What the SAX callbacks learn during one parse.
private final class ParseState {
    /// Where a `<!DOCTYPE` was met.
    var documentType: (line: Int, column: Int)?
    /// The first error (not warning) libxml2 reported.
    var firstError: XMLError?

    static func of(_ parser: UnsafeMutablePointer<xmlParserCtxt>) -> ParseState? {
        parser.pointee._private.map { Unmanaged<ParseState>.fromOpaque($0).takeUnretainedValue() }
    }
}
