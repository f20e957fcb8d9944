export default definePageConfig({ navigationBarTitleText: '申请成为流动网格员' })
