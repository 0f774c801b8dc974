import IAMGateKit
import JSON

/// Evaluation-case files as `iamgate eval` reads them: the cases are parsed, evaluated with explanations, and rendered
/// as text and as JSON.
enum EvaluationCaseTarget {
    static func run(_ bytes: [UInt8]) {
        guard let cases = try? EvaluationCaseLoader.parse(bytes: bytes, source: "fuzz.json") else { return }
        let results = EvaluationRunner.run(cases: cases)
        _ = EvaluationText.render(results, style: Style(enabled: true))
        _ = JSONOutput.array(results.map(\.json)).rendered()
    }
}
