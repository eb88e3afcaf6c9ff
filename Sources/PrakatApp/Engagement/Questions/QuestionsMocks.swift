import Foundation
import PrakatCore

extension QuestionPages.ListBody {
    static var mock: Self {
        Self(
            intro: QuestionsText.publicIntro, query: "",
            entries: [
                .init(
                    anchor: "q-" + MockData.id(61).lowercased, subject: "ขอใบรับรองแพทย์สำหรับสมัครงานได้ที่ไหน",
                    message: ["ต้องการใบรับรองแพทย์เพื่อสมัครงานราชการ ต้องไปที่โรงพยาบาลใดและใช้เอกสารอะไรบ้างคะ"], name: "สมศรี",
                    answer: [
                        "ขอรับใบรับรองแพทย์ได้ที่โรงพยาบาลของรัฐทุกแห่งและ รพ.สต. ที่มีแพทย์ออกตรวจ",
                        "ใช้บัตรประจำตัวประชาชนฉบับจริง ค่าธรรมเนียมตามประกาศของโรงพยาบาล"
                    ], answeredOn: MockData.date, isoDate: InternetDate.rfc3339(MockData.now)),
                .init(
                    anchor: "q-" + MockData.id(62).lowercased, subject: "ฉีดวัคซีนไข้หวัดใหญ่ฟรีถึงวันที่เท่าไร", message: ["ผู้สูงอายุในบ้านยังไม่ได้ฉีด"],
                    name: nil, answer: ["ให้บริการฟรีสำหรับกลุ่มเสี่ยง ๗ กลุ่ม ถึงวันที่ 31 สิงหาคม 2569 ที่ รพ.สต. ทุกแห่ง"], answeredOn: MockData.date,
                    isoDate: InternetDate.rfc3339(MockData.now))
            ],
            paging: PublicSiteRoutes.Paging(page: 1, pages: 2, total: 23, previous: nil, next: QuestionsRoute.list(nil).path + "?page=2"),
            emptyText: QuestionsText.empty, askPath: QuestionsRoute.ask.path, listPath: QuestionsRoute.list(nil).path)
    }
}

extension QuestionPages.AskBody {
    static var mock: Self {
        var errors = FormErrors()
        errors.add("subject", QuestionsText.required(QuestionsText.fieldSubject))
        return Self(
            intro: QuestionsText.askIntro, action: QuestionsRoute.submit.path,
            values: ["subject": "", "message": "อยากทราบขั้นตอนการขออนุญาตเปิดร้านอาหาร", "name": ""], errors: errors,
            errorList: QuestionPages.ErrorLink.list(errors), notice: nil, issuedAt: "v1.1770606000.mock", limits: QuestionPages.limits,
            listPath: QuestionsRoute.list(nil).path)
    }
}

extension QuestionPages.ThanksBody {
    static var mock: Self {
        Self(text: QuestionsText.thanksText, listPath: QuestionsRoute.list(nil).path, askPath: QuestionsRoute.ask.path)
    }
}

extension QuestionPages.QueueBody {
    static var mock: Self {
        Self(
            tabs: QuestionState.allCases.map { .init(label: QuestionsText.tab($0), path: QuestionsRoute.queue($0).path, current: $0 == .pending, count: $0 == .pending ? 2 : 5) },
            rows: [
                .init(
                    subject: "ขอใบรับรองแพทย์สำหรับสมัครงานได้ที่ไหน", path: QuestionsRoute.show(MockData.id(61)).path, received: MockData.date,
                    source: QuestionsText.sourceName(.web), answered: true),
                .init(
                    subject: "ร้องเรียนเสียงดังจากโรงงาน", path: QuestionsRoute.show(MockData.id(63)).path, received: MockData.date,
                    source: QuestionsText.sourceName(.api), answered: false)
            ], emptyText: QuestionsText.queueEmpty(.pending),
            paging: PublicSiteRoutes.Paging(page: 1, pages: 1, total: 2, previous: nil, next: nil), publicPath: QuestionsRoute.list(nil).path)
    }
}

extension QuestionPages.ShowBody {
    static var mock: Self {
        let id = MockData.id(61)
        var errors = FormErrors()
        errors.add("answer", QuestionsText.tooLong(QuestionsText.fieldAnswer, QuestionRules.answerLimit))
        return Self(
            state: QuestionState.pending.rawValue, stateLabel: QuestionsText.tab(.pending), received: MockData.date, source: QuestionsText.sourceName(.web),
            answeredOn: nil, publishedOn: nil, action: QuestionsRoute.update(id).path,
            values: [
                "subject": "ขอใบรับรองแพทย์สำหรับสมัครงานได้ที่ไหน", "message": "ต้องการใบรับรองแพทย์เพื่อสมัครงานราชการ\nใช้เอกสารอะไรบ้างคะ",
                "name": "สมศรี", "answer": "ขอรับได้ที่โรงพยาบาลของรัฐทุกแห่ง"
            ], errors: errors, errorList: QuestionPages.ErrorLink.list(errors), notice: nil,
            buttons: [
                .init(label: QuestionPages.buttonLabel(.publish), path: QuestionsRoute.action(id, .publish).path, danger: false),
                .init(label: QuestionPages.buttonLabel(.reject), path: QuestionsRoute.action(id, .reject).path, danger: true)
            ], limits: QuestionPages.moderationLimits, queuePath: QuestionsRoute.queue(.pending).path, publicPath: nil)
    }
}
