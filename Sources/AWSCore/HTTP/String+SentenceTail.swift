import Foundation

extension String {
    /// A library's message (libcurl's, libxml2's) as the tail of one of our sentences: trimmed, first letter
    /// lowercased unless it starts an acronym (`SSL certificate problem` stays), no final period.
    var asSentenceTail: String {
        var result = trimmingCharacters(in: .whitespacesAndNewlines)
        while result.hasSuffix(".") { result.removeLast() }
        guard let first = result.first, first.isUppercase else { return result }
        if let second = result.dropFirst().first, second.isUppercase { return result }
        return first.lowercased() + result.dropFirst()
    }
}
