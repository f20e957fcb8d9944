// enableShareAppMessage: a topic still collecting support is shared to WeChat chats to invite supporters
// (useShareAppMessage in index.tsx gives the title and the path back to the topic).
export default definePageConfig({ navigationBarTitleText: '议题详情', enablePullDownRefresh: true, enableShareAppMessage: true })
