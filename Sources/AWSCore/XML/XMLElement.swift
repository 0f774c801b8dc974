import Foundation

/// One element of a parsed XML document as a plain Swift value: no libxml2 memory behind it. Names are local names
/// (the namespace prefix is stripped; the namespace URI is kept apart), so AWS responses read the same whatever
/// prefix or default namespace they use.
public struct XMLElement: Sendable, Hashable {
    /// The local name, for example `Code` for both `<Code>` and `<aws:Code>`.
    public var name: String
    /// The namespace URI the element is in, or `nil` for none.
    public var namespace: String?
    /// The attributes by local name.
    public var attributes: [String: String]
    /// The child elements in document order.
    public var children: [XMLElement]
    /// The element's own text and CDATA, concatenated in order and not trimmed; text inside children is not included.
    public var text: String

    public init(
        name: String, namespace: String? = nil, attributes: [String: String] = [:], children: [XMLElement] = [],
        text: String = ""
    ) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// The text with leading and trailing whitespace removed: the value of a leaf such as `<Code> Throttling </Code>`.
    public var textValue: String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The first child called `name`, wherever it appears among its siblings.
    public func child(_ name: String) -> XMLElement? {
        children.first { $0.name == name }
    }

    /// Every child called `name`, in document order.
    public func children(_ name: String) -> [XMLElement] {
        children.filter { $0.name == name }
    }

    /// The element reached by following first children with these names, for example
    /// `path("Error", "Code")`; `nil` as soon as one is missing. An empty path is the element itself.
    public func path(_ names: String...) -> XMLElement? {
        path(names)
    }

    /// ``path(_:)-swift.method`` with the names as an array.
    public func path(_ names: [String]) -> XMLElement? {
        var element = self
        for name in names {
            guard let next = element.child(name) else { return nil }
            element = next
        }
        return element
    }

    /// The trimmed text of the element at `names`, or `nil` when it is absent.
    public func value(at names: String...) -> String? {
        path(names)?.textValue
    }

    /// The attribute called `name`.
    public func attribute(_ name: String) -> String? {
        attributes[name]
    }
}
