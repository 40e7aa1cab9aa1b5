// Choices the household dialogs offer (the stored values are free text; these are the usual ones).
export const EDUCATION_OPTIONS = ['文盲或半文盲', '学龄前儿童', '小学', '初中', '高中', '中专', '大专及以上'].map((v) => ({ value: v, label: v }));
