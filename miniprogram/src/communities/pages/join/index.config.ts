export default definePageConfig({ navigationBarTitleText: '加入社区' })
