import Catalog

/// A literal run or a named unknown of a value (the catalog's `InputValue.Part`).
typealias InputValuePart = InputValue.Part

extension InputValue.Part {
    /// Parts as text, unknowns shown as `{{ name }}`.
    static func describe(_ parts: [InputValue.Part]) -> String {
        InputValue(parts: parts).description
    }
}
