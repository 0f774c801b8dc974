/// An HTML `<table>` of a doc page as rows of plain-text cells (`<CopyableCode code="x" />` reads as `x`).
struct DocTable {
    struct Cell {
        var text: String
        var line: Int
        var isHeader: Bool
    }

    struct Row {
        var cells: [Cell]
        var line: Int

        /// True when every cell is a `<th>`.
        var isHeader: Bool { !cells.isEmpty && cells.allSatisfy(\.isHeader) }
    }

    var rows: [Row]
    var line: Int

    init(_ table: MDXElement) {
        line = table.line
        rows = table.descendants(named: "tr").map { row in
            let cells = row.children.compactMap { node -> Cell? in
                guard case .element(let cell) = node else { return nil }
                let kind = cell.name.lowercased()
                guard kind == "td" || kind == "th" else { return nil }
                return Cell(text: cell.plainText, line: cell.line, isHeader: kind == "th")
            }
            return Row(cells: cells, line: row.line)
        }
    }

    /// Every table in `nodes`, in page order.
    static func all(in nodes: [MDXNode]) -> [DocTable] {
        MDXNode.elements(named: "table", in: nodes).map(DocTable.init)
    }

    /// For a two-column key/value table (the Overview): the value cell of the row whose key is `key`
    /// (case-insensitive).
    func value(for key: String) -> Cell? {
        rows.first { $0.cells.count >= 2 && $0.cells[0].text.lowercased() == key.lowercased() }?.cells[1]
    }

    /// The position of the header row: the first row of `<th>` cells, else the first row.
    private var headerIndex: Int? { rows.firstIndex(where: \.isHeader) ?? (rows.isEmpty ? nil : 0) }

    /// The header row.
    var header: Row? { headerIndex.map { rows[$0] } }

    /// The rows after the header.
    var body: [Row] { headerIndex.map { Array(rows[($0 + 1)...]) } ?? [] }

    /// The index of the header cell reading `title` (case-insensitive, whitespace collapsed).
    func column(_ title: String) -> Int? {
        header?.cells.firstIndex { $0.text.lowercased() == title.lowercased() }
    }
}
