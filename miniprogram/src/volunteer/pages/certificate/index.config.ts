export default definePageConfig({ navigationBarTitleText: '星级证书', enableShareAppMessage: true })
