export default definePageConfig({ navigationBarTitleText: '登记纠纷' })
