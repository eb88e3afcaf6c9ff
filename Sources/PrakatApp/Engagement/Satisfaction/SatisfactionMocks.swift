import Foundation
import PrakatCore

extension SatisfactionPages.SurveyBody {
    static var mock: Self {
        var errors = FormErrors()
        errors.add("score", SatisfactionRules.Problem.scoreMissing.message)
        return Self(
            intro: SatisfactionText.surveyIntro, action: SatisfactionRoute.submit.path, page: PublicRoute.category("news").path,
            options: SatisfactionRules.scores.reversed().map { .init(value: $0, label: "\($0) \(SatisfactionRules.label($0))", id: "score-\($0)", checked: false) },
            comment: "อยากให้มีปฏิทินกิจกรรมของหน่วยงาน", commentLimit: SatisfactionRules.commentLimit, errors: errors,
            errorLinks: errors.links(anchors: ["score": "score-5"]), statsPath: VisitorsRoute.stats(nil).path)
    }
}

extension SatisfactionPages.ThanksBody {
    static var mock: Self {
        Self(text: SatisfactionText.thanksText, backPath: PublicRoute.category("news").path, statsPath: VisitorsRoute.stats(nil).path)
    }
}

extension SatisfactionPages.ResponsesBody {
    static var mock: Self {
        let year = FiscalYear(beYear: 2569)
        let id = MockData.requestID
        return Self(
            intro: SatisfactionText.staffIntro,
            filter: YearFilter(action: SatisfactionRoute.responses(nil).path, selected: year, years: [year, year.previous], error: nil),
            satisfaction: SatisfactionSummaryView(SatisfactionSummary(distribution: [5: 48, 4: 30, 3: 9, 2: 2, 1: 1]), year: year),
            rows: [
                .init(
                    date: MockData.dateTime, score: 2, scoreLabel: SatisfactionRules.label(2), source: SatisfactionSource.survey.thaiName,
                    page: PublicRoute.category("news").path, comment: "หาเอกสารแผนปฏิบัติการไม่เจอ <script>alert(1)</script>", published: false,
                    state: SatisfactionCommentState.hidden.thaiName, publishPath: SatisfactionRoute.publish(id).path, hidePath: SatisfactionRoute.hide(id).path),
                .init(
                    date: MockData.dateTime, score: 5, scoreLabel: SatisfactionRules.label(5), source: SatisfactionSource.eservice.thaiName, page: nil,
                    comment: "เจ้าหน้าที่ตอบเร็วมาก", published: true, state: SatisfactionCommentState.published.thaiName,
                    publishPath: SatisfactionRoute.publish(id).path, hidePath: SatisfactionRoute.hide(id).path)
            ], noComments: SatisfactionText.noComments, shown: 2, total: 2, exportPath: SatisfactionRoute.export("2569").path)
    }
}
