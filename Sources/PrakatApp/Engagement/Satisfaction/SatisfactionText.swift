/// Thai text of the satisfaction survey and its moderation.
enum SatisfactionText {
    static let surveyTitle = "ประเมินความพึงพอใจการใช้งานเว็บไซต์"
    static let surveyLink = "ประเมินความพึงพอใจ"
    static let surveyIntro = "ช่วยบอกเราว่าพอใจกับเว็บไซต์และข้อมูลที่ได้รับเพียงใด ไม่ต้องระบุชื่อ ข้อเสนอแนะจะเผยแพร่เฉพาะเมื่อเจ้าหน้าที่ตรวจแล้วเท่านั้น"
    static let thanksTitle = "ขอบคุณที่ประเมินความพึงพอใจ"
    static let thanksText = "ได้รับผลการประเมินแล้ว ความเห็นของท่านช่วยให้เราปรับปรุงบริการได้"
    static let formErrors = "กรุณาแก้ไขข้อมูลที่ไม่ถูกต้องด้านล่าง ผลการประเมินยังไม่ถูกบันทึก"
    static let navTitle = "ผลประเมินความพึงพอใจ"
    static let staffTitle = "ผลประเมินความพึงพอใจและข้อเสนอแนะ"
    static let staffIntro = "ข้อเสนอแนะทุกข้อไม่เผยแพร่จนกว่าเจ้าหน้าที่จะกดเผยแพร่ ทุกการเผยแพร่และซ่อนบันทึกในประวัติการใช้งาน"
    static let noComments = "ยังไม่มีข้อเสนอแนะในปีงบประมาณนี้"
    static let published = "เผยแพร่ข้อเสนอแนะแล้ว"
    static let hidden = "ซ่อนข้อเสนอแนะแล้ว"
    static let notModerated = "ไม่พบข้อเสนอแนะนี้ อาจถูกลบหรือไม่มีข้อความ"
    static let fiscalYearInvalid = "ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก ระหว่าง 2400 ถึง 2700 เช่น 2569"
    static let resultsHeading = "ผลการประเมินความพึงพอใจ"
    static let noResponses = "ยังไม่มีผู้ประเมินในปีงบประมาณนี้"
}
