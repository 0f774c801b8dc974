import Testing

@testable import IAMPolicy

/// The process-wide memory of how a resource pattern relates to a partly known resource: the remembered answer is the
/// one worked out, and it is worked out once.
@Suite("Template truths")
struct TemplateTruthsTests {
    /// `reference_policies_elements_resource.md`: `*` in a resource ARN matches any run of characters, so a pattern
    /// names all, some or none of the images a template can be.
    @Test(
        "remembered answers are the worked-out ones",
        arguments: [
            ("arn:aws:imagebuilder:us-east-1:111122223333:image/*", "yes"),
            ("arn:aws:imagebuilder:us-east-1:111122223333:image/web-*/*", "unknown"),
            ("arn:aws:imagebuilder:eu-west-1:111122223333:image/*", "no"),
        ])
    func remembered(pattern text: String, expected: String) throws {
        let template = PartialValue(
            parts: [
                .literal("arn:aws:imagebuilder:us-east-1:111122223333:image/"), .unknown("ImageName"),
                .literal("/"), .unknown("ImageVersion"), .literal("/"), .unknown("ImageBuildVersion"),
            ])
        let pattern = ARNPattern(text)
        let memory = TemplateTruths()
        var worked = 0
        func direct() -> Truth {
            worked += 1
            if template.isIncluded(in: pattern) { return .yes }
            return template.overlaps(pattern) ? .unknown : .no
        }
        let first = memory.truth(pattern, template, work: direct)
        let second = memory.truth(pattern, template, work: direct)
        #expect(worked == 1)
        #expect("\(first)" == expected)
        #expect("\(second)" == expected)
    }
}
