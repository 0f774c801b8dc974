/// A StackQL documentation page read as a tree: headings, JSX/HTML elements with their string attributes, text and
/// fenced code blocks, each with the 1-based line where it starts. Only what the importer needs is kept: expression
/// attributes (`values={[…]}`) and expression children (`{…}`) are skipped, comments dropped.
struct MDXDocument {
    var nodes: [MDXNode]

    /// The level-2 sections (`## Methods`…) in page order; nodes before the first such heading are the preamble.
    var sections: [MDXSection] {
        var sections: [MDXSection] = []
        for node in nodes {
            if case .heading(let heading) = node, heading.level <= 2 {
                sections.append(MDXSection(title: heading.text, line: heading.line, nodes: []))
            } else if !sections.isEmpty {
                sections[sections.count - 1].nodes.append(node)
            }
        }
        return sections
    }

    /// The nodes before the first level-1 or level-2 heading.
    var preamble: [MDXNode] {
        var result: [MDXNode] = []
        for node in nodes {
            if case .heading(let heading) = node, heading.level <= 2 { break }
            result.append(node)
        }
        return result
    }

    /// The first section whose title, without inline-code backticks, contains `word` (case-insensitive).
    func section(containing word: String) -> MDXSection? {
        sections.first { $0.plainTitle.lowercased().contains(word.lowercased()) }
    }
}

/// One part of a page.
enum MDXNode {
    case heading(MDXHeading)
    case element(MDXElement)
    case text(MDXText)
    case fence(MDXFence)

    /// The line the node starts on.
    var line: Int {
        switch self {
        case .heading(let heading): return heading.line
        case .element(let element): return element.line
        case .text(let text): return text.line
        case .fence(let fence): return fence.line
        }
    }
}

/// `## Title`.
struct MDXHeading {
    var level: Int
    var text: String
    var line: Int
}

/// A run of text between tags, as written (newlines kept).
struct MDXText {
    var text: String
    var line: Int
}

/// A fenced code block: its info string (`json`, `sql`) and its body lines.
struct MDXFence {
    var info: String
    var body: [String]
    /// The line of the opening fence; body line `i` (0-based) is on line `line + 1 + i`.
    var line: Int
}

/// A JSX or HTML element: `<TabItem value="read">…</TabItem>`, `<CopyableCode code="x" />`.
struct MDXElement {
    var name: String
    /// The attributes with string values (`value="read"`); a bare attribute has the empty string.
    var attributes: [String: String]
    /// The attributes with `{…}` expression values (`fields={[…]}`), each the text between the outer braces.
    var expressions: [String: String] = [:]
    var children: [MDXNode]
    var line: Int

    /// Every element below this one (depth first, page order) named `name` (case-insensitive).
    func descendants(named name: String) -> [MDXElement] {
        MDXNode.elements(named: name, in: children)
    }

    /// The elements directly below this one named `name` (case-insensitive).
    func children(named name: String) -> [MDXElement] {
        children.compactMap { node in
            if case .element(let element) = node, element.name.lowercased() == name.lowercased() { return element }
            return nil
        }
    }

    /// The text a reader sees, whitespace collapsed; `<CopyableCode code="x" />` reads as `x`.
    var plainText: String { MDXNode.plainText(of: [.element(self)]).collapsingWhitespace }

    /// The first fenced code block below this element.
    var firstFence: MDXFence? { MDXNode.fences(in: children).first }
}

/// A level-2 section: its heading and the nodes up to the next one.
struct MDXSection {
    var title: String
    var line: Int
    var nodes: [MDXNode]

    /// The title without inline-code backticks, e.g. "SELECT examples".
    var plainTitle: String { title.filter { $0 != "`" }.collapsingWhitespace }

    func elements(named name: String) -> [MDXElement] { MDXNode.elements(named: name, in: nodes) }

    var fences: [MDXFence] { MDXNode.fences(in: nodes) }
}

extension MDXNode {
    /// Every element named `name` (case-insensitive) in `nodes` and below, depth first in page order.
    static func elements(named name: String, in nodes: [MDXNode]) -> [MDXElement] {
        var result: [MDXElement] = []
        let wanted = name.lowercased()
        func visit(_ nodes: [MDXNode]) {
            for node in nodes {
                guard case .element(let element) = node else { continue }
                if element.name.lowercased() == wanted { result.append(element) }
                visit(element.children)
            }
        }
        visit(nodes)
        return result
    }

    /// Every fenced block in `nodes` and below, in page order.
    static func fences(in nodes: [MDXNode]) -> [MDXFence] {
        var result: [MDXFence] = []
        func visit(_ nodes: [MDXNode]) {
            for node in nodes {
                switch node {
                case .fence(let fence): result.append(fence)
                case .element(let element): visit(element.children)
                case .heading, .text: break
                }
            }
        }
        visit(nodes)
        return result
    }

    /// The readable text of `nodes`, newlines kept: text as written, a `code` attribute for `CopyableCode`, a
    /// line break for `<br>`, fences and headings skipped.
    static func plainText(of nodes: [MDXNode]) -> String {
        var output = ""
        for node in nodes {
            switch node {
            case .text(let text): output += text.text
            case .element(let element):
                if element.name.lowercased() == "br" { output += "\n" }
                if let code = element.attributes["code"], element.children.isEmpty { output += code }
                output += plainText(of: element.children)
            case .heading, .fence: break
            }
        }
        return output
    }
}

extension StringProtocol {
    /// The text with runs of whitespace (newlines included) turned into one space, trimmed.
    var collapsingWhitespace: String {
        split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
