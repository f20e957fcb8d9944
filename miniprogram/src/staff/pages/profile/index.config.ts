export default definePageConfig({ navigationBarTitleText: '工作电话' })
