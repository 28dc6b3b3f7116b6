// placeholder: replaced by the real handler shortly
export const handler = async (): Promise<{ statusCode: number }> => ({ statusCode: 503 });
